using EmoteCare.Bench;

// Each benchmark prints its figures and, as its last line, one machine-readable summary line.
var options = args.Skip(1).ToArray();
return args.FirstOrDefault() switch
{
    "grain-calls" => await GrainCallsBenchmark.RunAsync(),
    "activations" => await ActivationsBenchmark.RunAsync(),
    "storage-writes" => await StorageWritesBenchmark.RunAsync(),
    "cross-node" => await CrossNodeBenchmark.RunAsync(options),
    "pipeline" => PipelineBench.Run(options),
    "pipeline-matrix" => PipelineBench.RunMatrix(options),
    "classify" => ClassifyBench.Run(options),
    "text" => TextBench.Run(options),
    "write-frames" => WriteFramesCommand.Run(options),
    "crisis" => CrisisBench.Run(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/Bench -- <benchmark> [options]
          grain-calls | activations | storage-writes   Orleans grain runtime in one in-process silo
          cross-node        RecordObservations on a session grain on the calling silo vs on a second silo: latency, CPU
          pipeline          vision pipeline frames/s on 2 workers, tracking on; compares with the Python OpenCV loop
          pipeline-matrix   tracking on/off x batching on/off x 1/16/64 sessions: frames/s, p50/p99 latency; then classify
          classify          ORT throughput of the emotion model vs the CPU's fp32 peak
          crisis            the crisis detector per message on one thread: p50/p99 latency, bytes allocated per call
          text              text emotion model: Classify per message p50/p99 on one thread, GoEmotions dev messages
          write-frames DIR [COUNT]  writes COUNT (600) synthetic webcam JPEGs for the load generator (bench/load)
        vision options: --model PATH (default models/emotion-fer.onnx, else the test stand-in), --seconds N, --no-python
        text options: --model PATH (default models/emotion-text.onnx), --data FILE.tsv (default ../shared/datasets/goemotions/dev.tsv), --seconds N (10)
        """);
    return 2;
}
