using System.Runtime;

namespace Ledger.Node.Hosting;

/// <summary>How this process collects garbage, as the runtime reports it (for the start-up log).</summary>
public static class GarbageCollection
{
    /// <summary>"server" or "workstation", and whether it is concurrent.</summary>
    public static string Kind => (GCSettings.IsServerGC ? "server" : "workstation") + (IsOn("ConcurrentGC") ? ", concurrent" : string.Empty);

    /// <summary>
    /// Whether DATAS (dynamic adaptation to the application's size, server GC only) is on:
    /// <c>System.GC.DynamicAdaptationMode</c> in the runtime config, or <c>DOTNET_GCDynamicAdaptationMode</c>,
    /// which wins over it.
    /// </summary>
    public static bool IsDatasOn => GCSettings.IsServerGC && IsOn("GCDynamicAdaptationMode");

    private static bool IsOn(string variable) =>
        GC.GetConfigurationVariables().TryGetValue(variable, out var value) && value switch
        {
            bool flag => flag,
            long number => number != 0,
            _ => false,
        };
}
