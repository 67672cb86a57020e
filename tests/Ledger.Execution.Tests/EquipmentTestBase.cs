using System.Text.Json;
using Ledger.Core.Transactions;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

/// <summary>A ledger with one registered excavator, and the calls the equipment rule tests make on it.</summary>
public abstract class EquipmentTestBase : IDisposable
{
    protected const string Id = "SANYSY215C0001";

    protected EquipmentTestBase(params (string Org, string Role)[] orgs)
    {
        Consortium = new TestConsortium(orgs: orgs);
        Ledger = new TestLedger(Consortium);
        Ok("manufacturer", Consortium.Transactions("manufacturer").Register("SANY-SY215C-0001"));
    }

    protected TestConsortium Consortium { get; }

    protected TestLedger Ledger { get; }

    public void Dispose()
    {
        Ledger.Dispose();
        Consortium.Dispose();
        GC.SuppressFinalize(this);
    }

    protected TxRecord Call(string org, string function, object args) =>
        Ledger.Commit(Consortium.Transactions(org).Envelope("equipment", function, args)).Transactions[0];

    protected void Ok(string org, byte[] envelope)
    {
        var record = Ledger.Commit(envelope).Transactions[0];
        Assert.True(record.Code == ValidationCode.Valid, $"{org}: {record.ReasonCode}: {record.Reason}");
    }

    protected void Ok(string org, string function, object args)
    {
        var record = Call(org, function, args);
        Assert.True(record.Code == ValidationCode.Valid, $"{function} by {org}: {record.ReasonCode}: {record.Reason}");
    }

    /// <summary>Asserts the call is rejected with <paramref name="code"/> and the machine's record did not change.</summary>
    protected void Rejected(string code, string org, string function, object args)
    {
        var before = Machine().GetRawText();
        var record = Call(org, function, args);

        Assert.Equal(ValidationCode.ContractRejected, record.Code);
        Assert.Equal(code, record.ReasonCode);
        Assert.Equal(before, Machine().GetRawText());
    }

    protected JsonElement Machine()
    {
        var result = Ledger.Query(Consortium.Transactions("manufacturer").Envelope("equipment", "Get", new { id = Id }));
        Assert.True(result.IsSuccess, result.Reason);
        return JsonDocument.Parse(result.Result).RootElement;
    }
}
