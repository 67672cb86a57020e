using Ledger.Node.Hosting;

try
{
    LedgerNodeApp.CheckArguments(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

var app = LedgerNodeApp.Build(args);
await app.RunAsync();
return 0;
