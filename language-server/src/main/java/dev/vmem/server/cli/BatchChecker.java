package dev.vmem.server.cli;

import dev.vmem.engine.report.Severity;
import dev.vmem.server.cli.InputCollector.Found;
import dev.vmem.server.cli.InputCollector.Input;
import dev.vmem.server.cli.InputCollector.Unreadable;
import dev.vmem.server.cli.report.Codes;
import dev.vmem.server.cli.report.FileReport;
import dev.vmem.server.cli.report.Problem;
import dev.vmem.server.cli.report.ProblemKind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checks many files on a bounded pool of threads and hands the reports on in input order, each as
 * soon as it and all before it are done. The checker is shared (one Xtext injector); every file gets
 * its own resource set inside the checker.
 */
public final class BatchChecker {

    /** Threads get a large stack: no input may turn a deep recursion into a crash. */
    static final long STACK_BYTES = 16L << 20;

    private final Function<InputFile, FileReport> checker;
    private final int jobs;
    private final boolean debug;
    private final PrintWriter err;

    /**
     * @param checker checks one file (called on pool threads)
     * @param jobs    at most this many files at once
     * @param debug   print the stack trace of an internal error
     * @param err     where stack traces go
     */
    public BatchChecker(Function<InputFile, FileReport> checker, int jobs, boolean debug, PrintWriter err) {
        this.checker = checker;
        this.jobs = Math.max(1, jobs);
        this.debug = debug;
        this.err = err;
    }

    /** Checks every input; {@code each} sees the reports in input order; returns them all in that order. */
    public List<FileReport> run(List<Input> inputs, Consumer<FileReport> each) {
        int files = (int) inputs.stream().filter(Found.class::isInstance).count();
        int threads = Math.min(jobs, Math.max(1, files));
        ExecutorService pool = Executors.newFixedThreadPool(threads, threadFactory());
        try {
            var futures = new ArrayList<CompletableFuture<FileReport>>();
            for (Input input : inputs) {
                if (input instanceof Found found) {
                    futures.add(CompletableFuture.supplyAsync(() -> checkSafely(found.file()), pool));
                } else {
                    futures.add(CompletableFuture.completedFuture(FileReport.unreadable(((Unreadable) input).problem())));
                }
            }
            var reports = new ArrayList<FileReport>(futures.size());
            for (CompletableFuture<FileReport> future : futures) {
                FileReport report = future.join();
                each.accept(report);
                reports.add(report);
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Threads a batch of {@code files} leaves spare out of {@code jobs}, for a file's engine to run beside
     * its validation ({@link dev.vmem.dsl.analysis.Checker#checkAlongside}), or null when none is spare.
     * Each task gets a thread of its own while fewer than that many run; beyond, it runs on the caller.
     */
    public static Executor spareThreads(int jobs, int files) {
        int spare = jobs - Math.min(jobs, Math.max(1, files));
        if (spare <= 0) {
            return null;
        }
        var permits = new Semaphore(spare);
        var count = new AtomicInteger();
        return task -> {
            if (!permits.tryAcquire()) {
                task.run();
                return;
            }
            Runnable released = () -> {
                try {
                    task.run();
                } finally {
                    permits.release();
                }
            };
            Thread t = new Thread(null, released, "vmem-engine-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            t.start();
        };
    }

    private FileReport checkSafely(InputFile file) {
        try {
            return checker.apply(file);
        } catch (Throwable t) { // one clear line per file, never a stack trace unless --debug
            if (debug) {
                synchronized (err) {
                    err.println("vmem: internal error while checking " + file.displayPath() + ":");
                    t.printStackTrace(err);
                    err.flush();
                }
            }
            Problem problem = Problem.aboutFile(file.displayPath(), Codes.INTERNAL_ERROR, Severity.ERROR,
                    "internal error while checking this file: " + describe(t)
                            + (debug ? "" : " (run with --debug for the stack trace)"),
                    ProblemKind.INTERNAL);
            return new FileReport(file.displayPath(), FileReport.Status.FAILED, List.of(problem), List.of(), List.of(),
                    List.of());
        }
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        String text = t.getClass().getName() + (message == null || message.isBlank() ? "" : ": " + message);
        text = XtextFileChecker.oneLine(text);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static ThreadFactory threadFactory() {
        var count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, "vmem-check-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }
}
