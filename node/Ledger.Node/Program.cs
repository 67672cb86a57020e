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

WebApplication app;
try
{
    app = LedgerNodeApp.Build(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;
