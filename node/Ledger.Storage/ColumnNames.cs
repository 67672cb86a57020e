namespace Ledger.Storage;

public static class ColumnNames
{
    public static IReadOnlyList<Column> All { get; } = Enum.GetValues<Column>();

    public static string Of(Column column) => column switch
    {
        Column.Blocks => "blocks",
        Column.TxIndex => "txindex",
        Column.State => "state",
        Column.History => "history",
        Column.Meta => "meta",
        Column.StateTree => "smt",
        Column.Headers => "headers",
        Column.Attestations => "attestations",
        Column.Index => "index",
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };
}
