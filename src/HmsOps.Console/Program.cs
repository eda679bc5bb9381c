using HmsOps.Console.Hosting;

return await ConsoleHost.RunAsync(args);
