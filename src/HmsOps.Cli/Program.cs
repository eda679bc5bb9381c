using System.CommandLine;
using HmsOps.Cli.Commands;

var root = new RootCommand("hms-ops: the HMS-OPS Console from the command line")
{
    GlobalOptions.Url,
    GlobalOptions.ApiKey,
    GlobalOptions.Token,
};
root.Subcommands.Add(IngestCommand.Create());
root.Subcommands.Add(FaultCommands.Create());
root.Subcommands.Add(LintCommand.Create());
root.Subcommands.Add(AuthCommands.Create());
foreach (var command in ChangeCommands.Create())
{
    root.Subcommands.Add(command);
}
return await root.Parse(args).InvokeAsync();
