package dev.vmem.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.report.Severity;
import dev.vmem.server.cli.report.BatchResult;
import dev.vmem.server.cli.report.Codes;
import dev.vmem.server.cli.report.FileReport;
import dev.vmem.server.cli.report.Problem;
import dev.vmem.server.cli.report.ProblemKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchCheckerTest {

    private static List<InputCollector.Input> inputs(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> (InputCollector.Input) new InputCollector.Found(new InputFile("f" + i + ".vmem", Path.of("f" + i + ".vmem"))))
                .toList();
    }

    private static FileReport clean(InputFile f) {
        return new FileReport(f.displayPath(), FileReport.Status.CHECKED, List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void reportsComeOutInInputOrderWhateverOrderTheyFinishIn() {
        var seen = new ArrayList<String>();
        var checker = new BatchChecker(f -> {
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return clean(f);
        }, 4, false, new PrintWriter(new StringWriter()));

        List<FileReport> reports = checker.run(inputs(50), r -> seen.add(r.path()));

        var expected = IntStream.range(0, 50).mapToObj(i -> "f" + i + ".vmem").toList();
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(reports).extracting(FileReport::path).containsExactlyElementsOf(expected);
    }

    @Test
    void aCheckThatThrowsBecomesOneInternalErrorAndExitCodeThree() {
        var err = new StringWriter();
        var checker = new BatchChecker(f -> {
            if (f.displayPath().equals("f1.vmem")) {
                throw new IllegalStateException("boom\nsecond line");
            }
            if (f.displayPath().equals("f2.vmem")) {
                throw new StackOverflowError();
            }
            return clean(f);
        }, 2, false, new PrintWriter(err));

        List<FileReport> reports = checker.run(inputs(3), r -> { });

        assertThat(reports).extracting(FileReport::status).containsExactly(FileReport.Status.CHECKED,
                FileReport.Status.FAILED, FileReport.Status.FAILED);
        assertThat(reports.get(1).problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(Codes.INTERNAL_ERROR);
            assertThat(p.message()).doesNotContain("\n").contains("IllegalStateException");
        });
        assertThat(err.toString()).isEmpty(); // no stack trace without --debug
        assertThat(new BatchResult(reports, FailOn.NEVER).summary().exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    }

    @Test
    void withDebugTheStackTraceIsPrinted() {
        var err = new StringWriter();
        var checker = new BatchChecker(f -> {
            throw new IllegalStateException("boom");
        }, 1, true, new PrintWriter(err));
        checker.run(inputs(1), r -> { });
        assertThat(err.toString()).contains("IllegalStateException").contains("\tat ");
    }

    @Test
    void exitCodesRankInternalOverBadInputOverFindings() {
        var unreadable = FileReport.unreadable(Problem.aboutFile("x.vmem", Codes.UNREADABLE_INPUT, Severity.ERROR,
                "cannot read", ProblemKind.INPUT));
        var warning = new FileReport("w.vmem", FileReport.Status.CHECKED,
                List.of(Problem.aboutFile("w.vmem", "exposure-window", Severity.WARNING, "w", ProblemKind.ENGINE)),
                List.of(), List.of(), List.of());
        assertThat(new BatchResult(List.of(warning), FailOn.WARNING).summary().exitCode()).isEqualTo(1);
        assertThat(new BatchResult(List.of(warning), FailOn.ERROR).summary().exitCode()).isEqualTo(0);
        assertThat(new BatchResult(List.of(warning, unreadable), FailOn.WARNING).summary().exitCode()).isEqualTo(2);
        assertThat(new BatchResult(List.of(), FailOn.ERROR).summary().exitCode()).isEqualTo(0);
    }

    @Test
    void threadsAreSpareOnlyWhenTheBatchLeavesSomeOutOfItsJobs() throws InterruptedException {
        assertThat(BatchChecker.spareThreads(1, 1)).isNull();
        assertThat(BatchChecker.spareThreads(2, 2)).isNull();
        assertThat(BatchChecker.spareThreads(2, 50)).isNull();
        assertThat(BatchChecker.spareThreads(2, 1)).isNotNull();

        // Three spare: three tasks get threads of their own, a fourth meanwhile runs on the caller.
        var spare = BatchChecker.spareThreads(4, 1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var started = new java.util.concurrent.CountDownLatch(3);
        var threads = java.util.Collections.synchronizedList(new ArrayList<String>());
        for (int i = 0; i < 3; i++) {
            spare.execute(() -> {
                threads.add(Thread.currentThread().getName());
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        started.await();
        spare.execute(() -> threads.add("inline " + Thread.currentThread().getName()));
        assertThat(threads).hasSize(4).contains("inline " + Thread.currentThread().getName());
        assertThat(threads.stream().filter(t -> t.startsWith("vmem-engine-")).distinct()).hasSize(3);
        release.countDown();
    }
}
