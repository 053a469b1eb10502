using EmoteCare.Evaluate;

// dotnet run -c Release --project tools/Evaluate -- faces <folder> [--model PATH] [--limit-per-class N] [--flip]
// dotnet run -c Release --project tools/Evaluate -- texts <file.tsv> [--model PATH]
// dotnet run -c Release --project tools/Evaluate -- crisis <file.tsv>
return args.FirstOrDefault() switch
{
    CrisisCommand.Name => CrisisCommand.Run(args[1..], Console.Out, Console.Error),
    _ => EvaluateCommand.Run(args, Console.Out, Console.Error),
};
