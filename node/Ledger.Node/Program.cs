using Ledger.Node.Hosting;

var app = LedgerNodeApp.Build(args);
await app.RunAsync();
