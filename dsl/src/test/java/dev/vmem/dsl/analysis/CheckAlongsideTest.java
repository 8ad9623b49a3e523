package dev.vmem.dsl.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.tests.VMemTestSupport;
import dev.vmem.engine.EngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.ecore.util.EContentAdapter;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Checker#checkAlongside} gives what {@link Checker#check(XtextResource, EngineOptions, CancelIndicator)}
 * gives (findings, structural issues, whether and why the engine was skipped), on every example and on
 * broken and mutated text, and nothing in the files changes while its engine runs on the other thread: every
 * EMF notification of every loaded file is recorded during the check, and none arrives in that window.
 */
class CheckAlongsideTest {

    @TempDir
    Path dir;

    @Test
    void everyExampleChecksAsTheSequentialCheckerChecksIt() throws IOException {
        List<Path> files = VMemTestSupport.examplesAndConformanceFiles();
        assertThat(files).hasSizeGreaterThan(40);
        var engines = new AtomicInteger();
        for (Path file : files) {
            assertSameCheck(file, Files.readString(file), engines);
        }
        assertThat(engines.get()).as("engine runs beside the validation").isGreaterThan(40);
    }

    @Test
    void anEngineRunIsDroppedWhenTheValidationFindsErrors() throws IOException {
        var engines = new AtomicInteger();
        CheckedFile checked = assertSameCheck(dir.resolve("dup.vmem"), """
                vm v {
                    memory ram: anonymous 4K
                    slot 0 gpa 0 userspace ram
                }
                vm v { }
                """, engines);
        assertThat(engines.get()).as("started beside the validation").isEqualTo(1);
        assertThat(checked.ran()).isFalse();
        assertThat(checked.skipped()).isNotEmpty();
    }

    @Test
    void syntaxAndLinkingErrorsStartNoEngine() throws IOException {
        var engines = new AtomicInteger();
        assertSameCheck(dir.resolve("syntax.vmem"), "vm v { memory ram: anonymous", engines);
        assertSameCheck(dir.resolve("linking.vmem"), "vm v { kernel nowhere }", engines);
        assertThat(engines.get()).isZero();
    }

    @Test
    void brokenAndMutatedTextChecksAsTheSequentialCheckerChecksIt() throws IOException {
        var random = new Random(1205);
        var engines = new AtomicInteger();
        int texts = 0;
        for (Path file : VMemTestSupport.examplesAndConformanceFiles()) {
            List<String> tokens = VMemTestSupport.tokens(Files.readString(file));
            for (int round = 0; round < 3; round++) {
                var mutated = new ArrayList<>(tokens);
                for (int edits = 1 + random.nextInt(3); edits > 0 && !mutated.isEmpty(); edits--) {
                    int at = random.nextInt(mutated.size());
                    if (random.nextBoolean()) {
                        mutated.remove(at);
                    } else {
                        mutated.add(at, mutated.get(random.nextInt(mutated.size())));
                    }
                }
                assertSameCheck(dir.resolve("mutated" + texts++ + ".vmem"), String.join("", mutated), engines);
            }
        }
        assertThat(texts).isGreaterThan(100);
        assertThat(engines.get()).isGreaterThan(10);
    }

    /** Checks {@code text} both ways (each in a resource set of its own) and compares; returns the alongside result. */
    private static CheckedFile assertSameCheck(Path file, String text, AtomicInteger engines) throws IOException {
        Files.writeString(file, text);
        CheckedFile sequential = VMemTestSupport.check(VMemTestSupport.load(file));

        XtextResourceSet set = VMemTestSupport.newResourceSet();
        XtextResource resource = VMemTestSupport.load(set, file);
        var engineRunning = new java.util.concurrent.atomic.AtomicBoolean();
        var changes = new ConcurrentLinkedQueue<String>();
        set.eAdapters().add(new EContentAdapter() {
            @Override
            public void notifyChanged(Notification n) {
                super.notifyChanged(n);
                if (engineRunning.get() && !n.isTouch()) {
                    changes.add(n.getNotifier() + " " + n.getFeature() + " " + n.getEventType());
                }
            }
        });
        Executor thread = task -> {
            engines.incrementAndGet();
            engineRunning.set(true); // from here on both threads run: the caller's changes count too
            Thread t = new Thread(() -> {
                try {
                    task.run();
                } finally {
                    engineRunning.set(false);
                }
            });
            t.start();
        };
        CheckedFile alongside = Checker.of(resource).checkAlongside(resource, EngineOptions.defaults(),
                CancelIndicator.NullImpl, thread);

        assertThat(changes).as("changes to the files while the engine ran, %s", file.getFileName()).isEmpty();
        assertThat(describe(alongside)).as("check of %s", file.getFileName()).isEqualTo(describe(sequential));
        return alongside;
    }

    private static List<String> describe(CheckedFile checked) {
        var out = new ArrayList<String>();
        out.add("ran " + checked.ran() + ", skipped '" + checked.skipped() + "', unparsable " + checked.unparsable()
                + ", failure " + (checked.failure() == null ? "none" : checked.failure().getClass().getName()));
        for (Placed p : checked.structural()) {
            out.add("structural " + describe(p));
        }
        for (Placed p : checked.findings()) {
            out.add("finding " + describe(p));
        }
        if (checked.ran()) {
            checked.report().findings().forEach(f -> out.add("report " + f.code() + " " + f.severity() + " " + f.message()
                    + " " + f.trace().steps().stream().map(s -> s.text()).toList()));
            checked.report().exposures().forEach(e -> out.add("exposure " + e.vm() + " " + e.guestBytes() + " "
                    + e.directMapBytes() + " " + e.removedBytes()));
            checked.report().scenarios().forEach(s -> out.add("scenario " + s.name() + " " + s.steps().size()));
        }
        return out;
    }

    private static String describe(Placed p) {
        var related = new ArrayList<String>();
        p.related().forEach(r -> related.add(r.place().offset() + "+" + r.place().length() + " " + r.message()));
        return p.code() + " " + p.severity() + " " + p.kind() + " " + p.place().offset() + "+" + p.place().length()
                + " " + p.message() + " " + related;
    }


}
