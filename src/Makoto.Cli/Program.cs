using Makoto.Cli;

return await MakotoCli.CreateRootCommand().Parse(args).InvokeAsync();
