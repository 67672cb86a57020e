using Ledger.Core.Transactions;
using Ledger.Execution;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

/// <summary>The <c>cluster</c> system contract: who may add an ordering node, and what a member must name.</summary>
public sealed class ClusterContractTests : IDisposable
{
    private readonly TestConsortium _consortium = new();
    private readonly TestLedger _ledger;

    public ClusterContractTests() =>
        _ledger = new TestLedger(_consortium, contracts: [new ClusterContract(), new IdentityContract(), new ConsortiumContract(_consortium.Config)]);

    public void Dispose()
    {
        _ledger.Dispose();
        _consortium.Dispose();
    }

    [Fact]
    public void An_operator_admin_adds_a_member_and_every_node_reads_it()
    {
        var record = Add("operator", new { id = "customs-2", org = "customs", raft = "10.0.0.5:7170", grpc = "https://10.0.0.5:7150" });

        Assert.True(record.Code == ValidationCode.Valid, record.Reason);
        var members = ClusterContract.Read(Ledger.State.LedgerStore.GetState(_ledger.Ledger.Store, Ledger.State.StateKeys.State(ClusterContract.ContractName, ClusterContract.MembersKey)));
        Assert.Equal(new ClusterContract.Member("customs-2", "customs", "10.0.0.5:7170", "https://10.0.0.5:7150"), Assert.Single(members));
    }

    [Fact]
    public void Only_an_operator_admin_may_add_a_member()
    {
        var record = Add("manufacturer", new { id = "m-1", org = "manufacturer", raft = "10.0.0.6:7170", grpc = "https://10.0.0.6:7150" });

        Assert.Equal(ValidationCode.ContractRejected, record.Code);
        Assert.Equal("NOT_ALLOWED", record.ReasonCode);
    }

    [Theory]
    [InlineData("bad id!", "customs", "10.0.0.5:7170", "https://10.0.0.5:7150", "BAD_ARGUMENTS")]
    [InlineData("c-2", "customs", "10.0.0.5", "https://10.0.0.5:7150", "BAD_ARGUMENTS")]
    [InlineData("c-2", "customs", "10.0.0.5:7170", "ftp://10.0.0.5:7150", "BAD_ARGUMENTS")]
    [InlineData("c-2", "nobody", "10.0.0.5:7170", "https://10.0.0.5:7150", "NOT_FOUND")]
    [InlineData("c-2", "customs", "[fe80::1%lo]:7170", "https://10.0.0.5:7150", "BAD_ARGUMENTS")]
    public void A_member_with_a_bad_field_is_refused_and_nothing_is_stored(string id, string org, string raft, string grpc, string reason)
    {
        var record = Add("operator", new { id, org, raft, grpc });

        Assert.Equal(ValidationCode.ContractRejected, record.Code);
        Assert.Equal(reason, record.ReasonCode);
        Assert.Null(Ledger.State.LedgerStore.GetState(_ledger.Ledger.Store, Ledger.State.StateKeys.State(ClusterContract.ContractName, ClusterContract.MembersKey)));
    }

    [Fact]
    public void A_repeated_id_or_raft_endpoint_is_refused()
    {
        Assert.Equal(ValidationCode.Valid, Add("operator", new { id = "c-2", org = "customs", raft = "10.0.0.5:7170", grpc = "https://10.0.0.5:7150" }).Code);

        Assert.Equal("ALREADY_MEMBER", Add("operator", new { id = "c-2", org = "customs", raft = "10.0.0.7:7170", grpc = "https://10.0.0.7:7150" }).ReasonCode);
        Assert.Equal("ALREADY_MEMBER", Add("operator", new { id = "c-3", org = "customs", raft = "10.0.0.5:7170", grpc = "https://10.0.0.8:7150" }).ReasonCode);
        Assert.Equal("ALREADY_MEMBER", Add("operator", new { id = "c-4", org = "customs", raft = "[::ffff:10.0.0.5]:7170", grpc = "https://10.0.0.8:7150" }).ReasonCode);
    }

    private TxRecord Add(string org, object args) =>
        _ledger.Commit(_consortium.Transactions(org).Envelope("cluster", "AddMember", args)).Transactions[0];
}
