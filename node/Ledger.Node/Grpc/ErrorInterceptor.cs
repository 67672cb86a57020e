using Grpc.Core;
using Grpc.Core.Interceptors;
using Ledger.Consensus;

namespace Ledger.Node.Grpc;

/// <summary>
/// The one place exceptions become gRPC statuses: refusals keep their precise code and reason;
/// anything unexpected becomes <c>Internal</c> with a correlation id, logged, never its text.
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, context) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, context) is { } translated)
        {
            throw translated;
        }
    }

    private RpcException? Translate(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case RpcException:
                return null;
            case AdmissionException refused:
                return StatusMapping.Exception(refused.Code, refused.Message, refused.ReasonCode);
            case MempoolFullException full:
                return StatusMapping.Exception(StatusCode.ResourceExhausted, full.Message, "MEMPOOL_FULL");
            case NodeUnavailableException unavailable:
                return StatusMapping.Exception(StatusCode.Unavailable, unavailable.Message, "NODE_UNAVAILABLE");
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "the call was cancelled"));
            default:
                var correlationId = Guid.NewGuid().ToString("N");
                NodeLog.UnhandledError(logger, e, context.Method, correlationId);
                return StatusMapping.Exception(
                    StatusCode.Internal,
                    $"internal error (correlation id {correlationId})",
                    "INTERNAL",
                    metadata: new Dictionary<string, string> { ["correlationId"] = correlationId });
        }
    }
}
