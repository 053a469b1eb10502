using EmoteCare.Evaluate;

// dotnet run -c Release --project tools/Evaluate -- faces <folder> [--model PATH] [--limit-per-class N] [--flip]
// dotnet run -c Release --project tools/Evaluate -- texts <file.tsv> [--model PATH]
return EvaluateCommand.Run(args, Console.Out, Console.Error);
