package dev.vmem.dsl.ide;

/** The language's ide services (content assist, LSP features), on top of what the generator binds. */
public class VMemIdeModule extends AbstractVMemIdeModule {
}
