using EmoteCare.Vision.Faces;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Inference;

/// <summary>Settings of <see cref="FrameDispatcher"/> and the inference workers it feeds.</summary>
public sealed class FrameDispatcherOptions
{
    /// <summary>Most frames in one inference batch (B).</summary>
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>Longest a pending frame waits for its batch to fill (T).</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Largest JPEG frame accepted, in bytes (<c>Inference:MaxFrameBytes</c>); larger ones are dropped and counted, at the
    /// hub and here. The hub's receive limit is derived from it.
    /// </summary>
    public int MaxFrameBytes { get; set; } = 256 * 1024;

    /// <summary>Most sessions with a frame waiting; beyond it new sessions' frames are refused (memory stays bounded).</summary>
    public int MaxPendingSessions { get; set; } = 10_000;

    /// <summary>Inference workers (one ONNX Runtime session with one thread each); zero or less means one per core.</summary>
    public int Workers { get; set; }

    /// <summary>Path of the expression model; its sidecar JSON sits beside it.</summary>
    public string ModelPath { get; set; } = "models/emotion-fer.onnx";

    /// <summary>
    /// Face tracking between full detections (<c>Inference:Tracking:RedetectEveryFrames</c> and the rest): the largest
    /// lever on detection cost, which is most of a frame's CPU under load.
    /// </summary>
    public FaceTrackerOptions Tracking { get; set; } = new();

    internal int WorkerCount => Workers > 0 ? Workers : Environment.ProcessorCount;
}

/// <summary>Checks the <c>Inference</c> settings that would otherwise only fail when the first worker activates.</summary>
internal sealed class FrameDispatcherOptionsValidator : IValidateOptions<FrameDispatcherOptions>
{
    public ValidateOptionsResult Validate(string? name, FrameDispatcherOptions options) =>
        options.Tracking.FindProblem() is { } problem ? ValidateOptionsResult.Fail($"Inference:Tracking: {problem}") : ValidateOptionsResult.Success;
}
