using EmoteCare.Bench;

// Each benchmark prints its figures and, as its last line, one machine-readable summary line.
return args.FirstOrDefault() switch
{
    "grain-calls" => await GrainCallsBenchmark.RunAsync(),
    "activations" => await ActivationsBenchmark.RunAsync(),
    "storage-writes" => await StorageWritesBenchmark.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Bench -- <grain-calls | activations | storage-writes>");
    return 2;
}
