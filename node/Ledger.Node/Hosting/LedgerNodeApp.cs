using Grpc.AspNetCore.Server;
using Ledger.Chaincode.Abstractions;
using Ledger.Chaincode.Equipment;
using Ledger.Consensus;
using Ledger.Consensus.Attestations;
using Ledger.Consensus.Raft;
using Ledger.Core;
using Ledger.Core.Consortium;
using Ledger.Core.Identity;
using Ledger.Execution;
using Ledger.Node.Grpc;
using Ledger.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Prometheus;
using Serilog;

namespace Ledger.Node.Hosting;

/// <summary>Builds the node's web application: options, storage, execution, ordering, gRPC.</summary>
public static class LedgerNodeApp
{
    public const string DefaultUrl = "http://127.0.0.1:7050";

    /// <summary>Health, readiness and metrics (HTTP/1.1): <c>--http URL</c>, or <c>--http none</c> to switch it off.</summary>
    public const string DefaultHttpUrl = "http://127.0.0.1:7051";

    /// <summary>
    /// The lower Raft election timeout (the upper is twice it). 300 ms made a loaded machine (four
    /// nodes and a benchmark on two cores) miss heartbeats and change leaders under load; a second
    /// keeps a leader through that and still fails over within two or three seconds.
    /// </summary>
    public const int DefaultElectionTimeoutMs = 1000;

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--data"] = "Node:DataDirectory",
        ["--node-id"] = "NodeIdentity:NodeId",
        ["--http"] = "Node:HttpUrl",
        ["--cluster"] = "Cluster:File",
    };

    /// <summary>Switches the node takes besides its own: the host's, and any <c>--Section:Key</c> setting.</summary>
    private static readonly HashSet<string> HostSwitches = new(StringComparer.OrdinalIgnoreCase)
    {
        "--urls", "--http_ports", "--https_ports", "--environment", "--contentRoot", "--applicationName", "--webroot",
    };

    /// <summary>The node's own switches, matched as the configuration matches them (ignoring case).</summary>
    private static readonly HashSet<string> NodeSwitches = new(SwitchMappings.Keys, StringComparer.OrdinalIgnoreCase);

    /// <summary>Refuses what the configuration would silently ignore: a misspelt switch or one without a value.</summary>
    /// <exception cref="ArgumentException">Names the argument and lists the switches there are.</exception>
    public static void CheckArguments(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            var known = NodeSwitches.Contains(name) || HostSwitches.Contains(name) || (name.StartsWith("--", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal));
            if (!known)
            {
                throw new ArgumentException($"unknown argument '{arg}': the node takes --data DIR, --node-id ID, --urls URL[;URL], --http URL|none, --cluster FILE and --Section:Key VALUE settings");
            }

            if (!arg.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"argument '{arg}' needs a value");
                }

                i++;
            }
        }
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        CheckArguments(args);

        // the node binds its own endpoints: the host must not see --urls (Kestrel would warn it overrides them)
        var urls = UrlsArgument(args, out var hostArgs);
        // no watching for config changes: the content root is the working folder, and a watcher on it
        // would follow every file RocksDB writes under a data folder inside it (one inotify event each)
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. hostArgs]);
        builder.Configuration.AddCommandLine(hostArgs, SwitchMappings);
        urls ??= builder.Configuration[WebHostDefaults.ServerUrlsKey];

        // cleartext gRPC needs HTTP/2 only endpoints (h2c with prior knowledge), browsers and
        // Prometheus HTTP/1.1: each gets endpoints of its own (see NOTES.md)
        var grpcUrls = (string.IsNullOrWhiteSpace(urls) ? DefaultUrl : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var httpUrl = builder.Configuration[$"{NodeOptions.Section}:HttpUrl"] ?? DefaultHttpUrl;
        var endpoints = new NodeEndpoints(grpcUrls, string.Equals(httpUrl, "none", StringComparison.OrdinalIgnoreCase) ? null : httpUrl);
        builder.WebHost.ConfigureKestrel(endpoints.Configure);
        builder.Services.AddSingleton(endpoints);
        builder.AddLedgerNode();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapLedgerNode();
        return app;
    }

    /// <summary>The value of <c>--urls</c> (or <c>--urls=…</c>), and the arguments without it.</summary>
    private static string? UrlsArgument(string[] args, out string[] rest)
    {
        string? urls = null;
        var kept = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].Split('=', 2)[0];
            if (!string.Equals(name, "--urls", StringComparison.OrdinalIgnoreCase))
            {
                kept.Add(args[i]);
            }
            else if (args[i].Contains('=', StringComparison.Ordinal))
            {
                urls = args[i].Split('=', 2)[1];
            }
            else
            {
                urls = args[++i];
            }
        }

        rest = kept.ToArray();
        return urls;
    }

    public static void AddLedgerNode(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NodeOptions>().BindConfiguration(NodeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OrderingOptions>().BindConfiguration(OrderingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NodeIdentityOptions>().BindConfiguration("NodeIdentity").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NodeIdentityOptions>>().Value);

        var dataDirectory = Path.GetFullPath(builder.Configuration[$"{NodeOptions.Section}:{nameof(NodeOptions.DataDirectory)}"] ?? "data");
        var nodeId = builder.Configuration["NodeIdentity:NodeId"] ?? "node0";
        services.AddSerilog((_, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", Serilog.Events.LogEventLevel.Information)
            .MinimumLevel.Override("Grpc", Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("NodeId", nodeId)
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {NodeId} {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(
                Path.Combine(dataDirectory, "logs", "node-.log"),
                rollingInterval: RollingInterval.Day,
                outputTemplate: "{Timestamp:O} {Level:u3} {NodeId} {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}"),
            // each node its own logger, not the process-wide Log.Logger: nodes hosted in one process
            // (tests, tools) would otherwise all write to the files of whichever started last
            preserveStaticLogger: true);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<NodeBootstrap>();
        services.AddSingleton(sp => sp.GetRequiredService<NodeBootstrap>().OpenLedger());
        services.AddSingleton(sp => NodeBootstrap.ReadConfig(sp.GetRequiredService<LedgerStore>()));
        services.AddSingleton(sp => new MembershipDirectory(sp.GetRequiredService<ConsortiumConfig>()));
        services.AddSingleton<IContract, EquipmentContract>();
        services.AddSingleton<IContract, IdentityContract>();
        services.AddSingleton<IContract, ClusterContract>();
        services.AddSingleton<IContract>(sp => new ConsortiumContract(sp.GetRequiredService<ConsortiumConfig>()));
        services.AddSingleton(sp => new ContractRegistry(sp.GetServices<IContract>()));
        services.AddSingleton<SignatureVerifier>();
        services.AddSingleton<SignatureCache>();
        services.AddSingleton(sp => new TransactionValidator(
            sp.GetRequiredService<MembershipDirectory>(),
            sp.GetRequiredService<ContractRegistry>(),
            sp.GetRequiredService<SignatureVerifier>(),
            sp.GetRequiredService<SignatureCache>()));
        services.AddSingleton<BlockExecutor>();
        services.AddSingleton<QueryExecutor>();
        services.AddSingleton<Mempool>();
        services.AddSingleton<CommitFeed>();
        services.AddSingleton<BlockApplier>();
        services.AddSingleton<TransactionAdmission>();
        services.AddSingleton<NodeMetrics>();
        services.AddSingleton<NodeHealth>();
        services.AddSingleton<NodeTls>();
        var identityFile = Path.GetFullPath(builder.Configuration["Cluster:Identity"] ?? Path.Combine(dataDirectory, "node.identity"));
        services.AddSingleton(_ => new NodeSigner(identityFile));
        services.AddSingleton<AttestationService>();
        services.AddHostedService(sp => sp.GetRequiredService<AttestationService>());
        AddOrdering(builder, nodeId, dataDirectory, identityFile);
        services.AddHostedService<BlockCutter>();

        var maxRequestBytes = builder.Configuration.GetValue<int?>($"{NodeOptions.Section}:{nameof(NodeOptions.MaxRequestBytes)}") ?? new NodeOptions().MaxRequestBytes;
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorInterceptor>();
            o.MaxReceiveMessageSize = maxRequestBytes;
            o.MaxSendMessageSize = null;
            o.EnableDetailedErrors = false;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("ledger", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
    }

    /// <summary>Solo ordering, or Raft with the members of <c>--cluster FILE</c> (this node is the member named by its node id).</summary>
    private static void AddOrdering(WebApplicationBuilder builder, string nodeId, string dataDirectory, string identityFile)
    {
        var services = builder.Services;
        var file = builder.Configuration["Cluster:File"];
        if (string.IsNullOrEmpty(file))
        {
            services.AddSingleton<IBlockOrderer, SoloOrderer>();
            services.AddSingleton<IAttestationPeers, NoAttestationPeers>();
            services.AddSingleton(_ => new SigningIdentityFile(identityFile));
            services.AddSingleton(_ => new PeerChannels(null, null));
            return;
        }

        var cluster = ClusterConfig.Load(Path.GetFullPath(file));
        var self = cluster.Find(nodeId) ?? throw new FormatException($"cluster config '{file}' has no member '{nodeId}' (the node id, --node-id)");
        var electionTimeoutMs = builder.Configuration.GetValue<int?>("Cluster:ElectionTimeoutMs") ?? DefaultElectionTimeoutMs;

        // --Cluster:Join true: this node joins a running cluster (added on chain with cluster.AddMember): it starts with no Raft membership
        var join = builder.Configuration.GetValue<bool?>("Cluster:Join") ?? false;
        var identity = new SigningIdentityFile(identityFile);
        services.AddSingleton(cluster);
        services.AddSingleton(sp => new ClusterDirectory(cluster, sp.GetRequiredService<LedgerStore>()));
        services.AddSingleton(identity);
        services.AddSingleton(sp => new RaftPeerPolicy(() => sp.GetRequiredService<ClusterDirectory>().Current, sp.GetRequiredService<MembershipDirectory>(), sp.GetRequiredService<LedgerStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PeerChannels(identity, sp.GetRequiredService<RaftPeerPolicy>()));
        services.AddSingleton(sp => new RaftNode(
            sp.GetRequiredService<ClusterDirectory>(),
            self,
            Path.Combine(dataDirectory, "raft"),
            electionTimeoutMs,
            join,
            identity,
            sp.GetRequiredService<RaftPeerPolicy>(),
            sp.GetRequiredService<BlockApplier>(),
            sp.GetRequiredService<LedgerStore>(),
            sp.GetRequiredService<NodeMetrics>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<RaftNode>());
        services.AddSingleton<IAttestationPeers>(sp => new GrpcAttestationPeers(sp.GetRequiredService<ClusterDirectory>(), self, sp.GetRequiredService<PeerChannels>()));
        services.AddSingleton<GrpcLeaderForwarder>();
        services.AddSingleton<ILeaderForwarder>(sp => sp.GetRequiredService<GrpcLeaderForwarder>());
        services.AddSingleton<IBlockOrderer, RaftOrderer>();
    }

    public static void MapLedgerNode(this WebApplication app)
    {
        app.MapGrpcService<GatewayService>();
        app.MapGrpcService<LedgerService>();
        app.MapGrpcService<AdminService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        NodeHealth.Map(app);
        app.MapMetrics("/metrics", app.Services.GetRequiredService<NodeMetrics>().Registry);

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var ledger = app.Services.GetRequiredService<LedgerStore>();
            var node = app.Services.GetRequiredService<NodeIdentityOptions>();
            var options = app.Services.GetRequiredService<IOptions<NodeOptions>>().Value;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LedgerNodeApp));
            var dataDirectory = Path.GetFullPath(options.DataDirectory);
            NodeLog.Opened(logger, node.NodeId, ledger.Genesis!.Header.ChainId, ledger.Head!.Height, ledger.Genesis.Hash.ToHex(), dataDirectory);
            NodeLog.Cryptography(logger, Sha256.Implementation, SignatureVerifier.IsDirectOpenSsl ? "straight through OpenSSL (reused verify contexts)" : "by System.Security.Cryptography.ECDsa", SignatureVerifier.HasFixedBaseTables ? "on" : "off", SignatureVerifier.DefaultTableAfter, SignatureVerifier.MaxTables);
            NodeLog.GarbageCollection(logger, GarbageCollection.Kind, GarbageCollection.IsDatasOn ? "on" : "off");
            var endpoints = app.Services.GetRequiredService<NodeEndpoints>();
            File.WriteAllLines(Path.Combine(dataDirectory, "node.urls"), endpoints.GrpcAddresses);
            foreach (var address in endpoints.GrpcAddresses)
            {
                // registering equipment takes a manufacturer (the operator's admin would be refused)
                NodeLog.Listening(logger, address, Path.Combine(dataDirectory, "identities", "manufacturer.identity"), Path.Combine(dataDirectory, DevConsortium.AdminIdentityFile));
            }

            if (endpoints.HttpAddress is { } http)
            {
                File.WriteAllText(Path.Combine(dataDirectory, "node.http"), http + Environment.NewLine);
                NodeLog.HttpListening(logger, http);
            }
        });
    }
}
