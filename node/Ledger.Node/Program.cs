using Ledger.Node.Hosting;

if (args.Length > 0 && args[0] == LocalNetwork.Command)
{
    return LocalNetwork.Run(args, Console.Out, Console.Error);
}

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
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;
