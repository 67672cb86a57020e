using Grpc.Core;
using Ledger.Protos.V1;

namespace Ledger.Node.Grpc;

/// <summary>Binding of <see cref="AdminService"/>.</summary>
public static class AdminBinding
{
    private const string Service = "ledger.v1.Admin";

    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => Admin.Descriptor;

    public static void BindService(ServiceBinderBase binder, AdminService? service) =>
        binder.AddMethod(StrictBinding.Unary(Service, "Status", StatusRequest.Parser, StatusResponse.Parser), service is null ? null : (UnaryServerMethod<StatusRequest, StatusResponse>)service.Status);
}
