using EmoteCare.Evaluate;

// dotnet run -c Release --project tools/Evaluate -- faces <folder> [--model PATH] [--limit-per-class N] [--flip]
return EvaluateCommand.Run(args, Console.Out, Console.Error);
