package dev.vmem.dsl.codes;

import dev.vmem.engine.report.Severity;

/** The texts of a code that rests on no kernel fact (the language's and the tools' codes). */
public record CodeText(String code, Severity severity, String title, String whenItFires, String fix) {
}
