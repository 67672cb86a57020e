using FsCheck;
using FsCheck.Xunit;
using Ledger.Chaincode.Equipment;
using Ledger.Storage.RocksDb;
using Ledger.TestKit;

namespace Ledger.Execution.Tests;

/// <summary>The same transactions applied on two fresh stores give identical blocks, block by block.</summary>
public sealed class DeterminismTests
{
    private static readonly string[] Orgs = ["manufacturer", "exporter", "customs"];

    [Fact]
    public void The_same_blocks_on_a_memory_store_and_on_rocksdb_give_identical_hashes()
    {
        using var consortium = new TestConsortium();
        var blocks = Workload(consortium, [0, 7, 13, 2, 5, 11, 3, 8, 1, 20, 4, 9, 6, 10, 14, 12, 15, 30, 31, 32]);
        using var dir = new TempDirectory();
        using var memory = new TestLedger(consortium);
        using var rocks = new TestLedger(consortium, RocksDbKeyValueStore.Open(dir.Path));

        foreach (var block in blocks)
        {
            var a = memory.Commit(block);
            var b = rocks.Commit(block);
            Assert.Equal(a.Hash, b.Hash);
            Assert.Equal(a.Header.StateRoot, b.Header.StateRoot);
        }

        Assert.Equal(memory.Ledger.Head, rocks.Ledger.Head);
    }

    [Property(MaxTest = 25)]
    public bool Random_workloads_replayed_on_two_fresh_stores_give_the_same_state_roots_at_every_height(int[] operations)
    {
        using var consortium = new TestConsortium();
        return ReplayedTwiceAgree(consortium, Workload(consortium, operations ?? []));
    }

    /// <summary>
    /// Applies the blocks to two fresh stores: every block is identical on both, and its state root
    /// is the definition's root of the stored state (not just the same mistake twice).
    /// </summary>
    private static bool ReplayedTwiceAgree(TestConsortium consortium, IEnumerable<byte[][]> blocks)
    {
        using var first = new TestLedger(consortium);
        using var second = new TestLedger(consortium);
        foreach (var block in blocks)
        {
            var a = first.Commit(block);
            var b = second.Commit(block);
            if (a.Hash != b.Hash || a.Header.StateRoot != b.Header.StateRoot || a.Header.StateRoot != ReferenceStateRoot.OfStore(first.Ledger.Store))
            {
                return false;
            }
        }

        return first.Ledger.Head == second.Ledger.Head;
    }

    private static readonly (string Org, string Role)[] LifecycleOrgs =
    [
        ("operator", "operator"), ("manufacturer", "manufacturer"), ("remanufacturer", "remanufacturer"), ("exporter", "exporter"),
        ("customs", "customs"), ("commerce", "commerce"), ("registry", "registry"), ("court", "court"), ("bank", "bank"),
        ("inspector", "inspector"), ("assessor", "assessor"), ("tax", "tax"),
    ];

    /// <summary>
    /// Random sequences of lifecycle steps by random parties (most of them refused: wrong role,
    /// wrong order, overlays), applied to two fresh stores, give identical blocks and state roots,
    /// and each root is the definition's root of the stored state.
    /// </summary>
    [Property(MaxTest = 20)]
    public bool Random_lifecycle_sequences_replayed_twice_give_identical_state_roots(int[] operations)
    {
        using var consortium = new TestConsortium(orgs: LifecycleOrgs);
        var parties = LifecycleOrgs.Select(o => consortium.Transactions(o.Org)).ToArray();
        const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        var blocks = new List<byte[][]>();
        var current = new List<byte[]>();
        foreach (var raw in operations ?? [])
        {
            var op = Math.Abs(raw % 100_000);
            var party = parties[op % parties.Length];
            var id = $"M{op / 13 % 3}";
            object args = new { id };
            var function = (op / 3 % 18) switch
            {
                0 => "Register",
                1 => "ProposeTransfer",
                2 => "AcceptTransfer",
                3 => "Freeze",
                4 => "Unfreeze",
                5 => "PlaceLien",
                6 => "ReleaseLien",
                7 => "RequestExportLicence",
                8 => "ApproveExportLicence",
                9 => "DeclareExport",
                10 => "ClearExport",
                11 => "Deregister",
                12 => "RecordInspection",
                13 => "RecordValuation",
                14 => "InstallComponent",
                15 => "Scrap",
                16 => "PlaceCustomsSupervision",
                _ => "RecordRefurbishment",
            };
            args = function switch
            {
                "Register" => new { pin = id, manufacturer = "Sany", model = "SY215C", category = "excavator" },
                "ProposeTransfer" => new { id, to = LifecycleOrgs[op / 7 % LifecycleOrgs.Length].Org },
                "Freeze" => new { id, caseNumber = "C" + (op % 5) },
                "PlaceLien" or "ReleaseLien" => new { id, reference = "L" + (op % 2) },
                "RequestExportLicence" => new { id, destinationCountry = "KZ" },
                "ApproveExportLicence" => new { id, licenceNumber = "E" + op },
                "DeclareExport" => new { id, declarationNumber = "D" + op, port = "Changsha" },
                "RecordInspection" => new { id, grade = "A", hoursMeter = op % 9000, reportHash = Hash },
                "RecordValuation" => new { id, amountMinor = 1 + op, currency = "CNY", reportHash = Hash },
                "InstallComponent" => new { id, serial = "P" + (op % 4), kind = "pump" },
                "PlaceCustomsSupervision" => new { id, reason = "bonded", until = "2099-01-01T00:00:00Z" },
                "RecordRefurbishment" => new { id, workDone = "overhaul", reportHash = Hash },
                _ => args,
            };
            current.Add(party.Envelope("equipment", function, args));
            if (op % 4 == 0)
            {
                blocks.Add(current.ToArray());
                current.Clear();
            }
        }

        blocks.Add(current.ToArray());
        return ReplayedTwiceAgree(consortium, blocks);
    }

    /// <summary>
    /// Interprets integers as operations (valid and invalid: registrations, transfers by the
    /// right and wrong party, replays, garbage) and groups them into blocks.
    /// </summary>
    private static List<byte[][]> Workload(TestConsortium consortium, int[] operations)
    {
        var makers = Orgs.Select(consortium.Transactions).ToArray();
        var sent = new List<byte[]>();
        var blocks = new List<byte[][]>();
        var current = new List<byte[]>();
        foreach (var raw in operations)
        {
            var op = Math.Abs(raw % 1000);
            var maker = makers[op % makers.Length];
            var pin = $"PIN-{op / 7 % 6}";
            byte[] envelope = (op % 7) switch
            {
                0 or 1 => maker.Register(pin),
                2 => maker.Envelope("equipment", "ProposeTransfer", new { id = pin.Replace("-", string.Empty, StringComparison.Ordinal), to = Orgs[op / 3 % Orgs.Length] }),
                3 => maker.Envelope("equipment", "AcceptTransfer", new { id = pin.Replace("-", string.Empty, StringComparison.Ordinal) }),
                4 => sent.Count > 0 ? sent[op % sent.Count] : maker.Register(pin),
                5 => [(byte)op, 1, 2, 3],
                _ => maker.Envelope("equipment", "Nope", new { }),
            };
            sent.Add(envelope);
            current.Add(envelope);
            if (op % 3 == 0)
            {
                blocks.Add(current.ToArray());
                current.Clear();
            }
        }

        blocks.Add(current.ToArray());
        return blocks;
    }
}
