package dev.vmem.server.cli.report;

import dev.vmem.dsl.codes.ImportCode;
import dev.vmem.dsl.codes.LanguageCode;

/**
 * The codes the CLI reports itself, as strings for {@link Problem}: each is a code of the catalogue
 * ({@code dev.vmem.dsl.codes.Catalog}), which alone holds their severity, titles and pages.
 */
public final class Codes {

    public static final String SYNTAX_ERROR = LanguageCode.SYNTAX_ERROR.code();
    public static final String UNREADABLE_INPUT = LanguageCode.UNREADABLE_INPUT.code();
    public static final String INPUT_TOO_LARGE = LanguageCode.INPUT_TOO_LARGE.code();
    public static final String INTERNAL_ERROR = LanguageCode.INTERNAL_ERROR.code();
    public static final String IMPORT_ERROR = ImportCode.IMPORT_ERROR.code();

    private Codes() {
    }
}
