package dev.vmem.dsl.codes;

import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.report.CodeInfo;
import dev.vmem.engine.report.Severity;
import java.util.List;

/** A {@link CodeInfo} whose texts are one {@link CodeText}: an enum of codes needs only {@link #text()}. */
public interface TextCode extends CodeInfo {

    CodeText text();

    @Override
    default String code() {
        return text().code();
    }

    @Override
    default Severity severity() {
        return text().severity();
    }

    @Override
    default String title() {
        return text().title();
    }

    @Override
    default String whenItFires() {
        return text().whenItFires();
    }

    @Override
    default String fix() {
        return text().fix();
    }

    /** None: these codes are about the text or the tools, not the kernel. */
    @Override
    default List<KernelFact> facts() {
        return List.of();
    }
}
