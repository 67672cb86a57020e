using Google.Protobuf;
using Grpc.Core;
using Ledger.Protos.V1;

namespace Ledger.Node.Grpc;

/// <summary>
/// Binds the node's services with request marshallers that turn a body which is not valid protobuf
/// into <c>InvalidArgument</c> (reason <c>MALFORMED_REQUEST</c>). The generated marshallers throw a
/// plain exception there, which Grpc.AspNetCore reports as <c>Unknown</c> before any interceptor runs.
/// Method and service names and descriptors are the generated ones, so clients and reflection see
/// no difference.
/// </summary>
public static class StrictBinding
{
    /// <summary>
    /// Parses straight from the request's buffers (no copy of the whole body into one array first),
    /// as the generated marshallers do.
    /// </summary>
    public static Marshaller<T> RequestMarshaller<T>(MessageParser<T> parser)
        where T : IMessage<T> =>
        Marshallers.Create<T>(
            Serialize,
            context =>
            {
                try
                {
                    return parser.ParseFrom(context.PayloadAsReadOnlySequence());
                }
                catch (InvalidProtocolBufferException e)
                {
                    throw StatusMapping.Exception(StatusCode.InvalidArgument, $"the request is not a valid {typeof(T).Name} message: {e.Message}", "MALFORMED_REQUEST");
                }
            });

    public static Marshaller<T> ResponseMarshaller<T>(MessageParser<T> parser)
        where T : IMessage<T> =>
        Marshallers.Create<T>(Serialize, context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    /// <summary>Writes the message into the response's own buffer, its length set first.</summary>
    private static void Serialize<T>(T message, SerializationContext context)
        where T : IMessage<T>
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    public static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string service, string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new(MethodType.Unary, service, name, RequestMarshaller(request), ResponseMarshaller(response));

    public static Method<TRequest, TResponse> ServerStreaming<TRequest, TResponse>(string service, string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        new(MethodType.ServerStreaming, service, name, RequestMarshaller(request), ResponseMarshaller(response));
}
