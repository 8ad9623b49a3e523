package dev.vmem.importers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** The importer tests' look at an import's notes. */
final class Notes {

    private Notes() {
    }

    /** Exactly one note of the import has {@code code}, and it points at {@code pointer}; returns it. */
    static Note onlyOne(ImportResult result, String code, String pointer) {
        List<Note> found = result.notes().stream().filter(n -> n.code().equals(code)).toList();
        assertThat(found).as("notes with code %s", code).hasSize(1);
        assertThat(found.get(0).position().pointer()).isEqualTo(pointer);
        return found.get(0);
    }
}
