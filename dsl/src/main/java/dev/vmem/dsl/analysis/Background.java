package dev.vmem.dsl.analysis;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Waiting for work started on another thread: the command line's injector and files read ahead, a file's
 * engine run beside its validation ({@link Checker#checkAlongside}).
 */
public final class Background {

    private Background() {
    }

    /**
     * The result of {@code work}, waiting for it; what the work threw is thrown here as it was (an unchecked
     * exception or error), so a failure reaches the command as if the work had run on this thread.
     *
     * @param what what is waited for, for the message of an interruption
     */
    public static <T> T join(Future<T> work, String what) {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
