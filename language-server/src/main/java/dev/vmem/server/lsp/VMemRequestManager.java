package dev.vmem.server.lsp;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.xtext.ide.server.concurrent.ReadRequest;
import org.eclipse.xtext.ide.server.concurrent.RequestManager;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.xbase.lib.Functions.Function1;

/**
 * Xtext's request manager, without logging an error for a request that answers the client with a
 * deliberate error (a rename refused on a keyword): Xtext logs every failed request, and logs it again
 * when the next build waits for it.
 */
@Singleton
public class VMemRequestManager extends RequestManager {

    @Inject
    public VMemRequestManager(ExecutorService parallel, OperationCanceledManager cancels) {
        super(parallel, cancels);
    }

    @Override
    public synchronized <V> CompletableFuture<V> runRead(Function1<? super CancelIndicator, ? extends V> read) {
        return submit(new ReadRequest<V>(this, read, getParallelExecutorService()) {
            @Override
            protected void logAndCompleteExceptionally(Throwable t) {
                Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                if (cause instanceof ResponseErrorException) {
                    get().completeExceptionally(cause);
                } else {
                    super.logAndCompleteExceptionally(t);
                }
            }
        });
    }

    /** A build waits for the requests before it; their failures were logged (or answered) already. */
    @Override
    protected CompletableFuture<Void> cancel() {
        return super.cancel().exceptionally(failed -> null);
    }
}
