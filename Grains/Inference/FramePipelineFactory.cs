using EmoteCare.Vision;
using EmoteCare.Vision.Faces;
using EmoteCare.Vision.Pipeline;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Inference;

/// <summary>Builds one frame pipeline per inference worker; all of them share the silo's face-tracking state.</summary>
public sealed class FramePipelineFactory(IOptions<FrameDispatcherOptions> options, FaceTrackStore tracks)
{
    /// <summary>A pipeline with its own ONNX Runtime session (one intra-op thread): use it from one thread at a time.</summary>
    public FramePipeline Create() => new(PipelineOptions(), tracks);

    /// <summary>The pipeline settings that follow from the <c>Inference</c> configuration; the rest keep their defaults.</summary>
    internal FramePipelineOptions PipelineOptions() => new()
    {
        EmotionModelPath = ResolveModelPath(options.Value.ModelPath),
        Tracking = options.Value.Tracking,
    };

    /// <summary>A relative model path is looked up from the working directory, then from the repository root.</summary>
    /// <exception cref="FileNotFoundException">Neither holds the model.</exception>
    public static string ResolveModelPath(string path) =>
        RepositoryFolder.ResolveFile(path)
        ?? throw new FileNotFoundException($"The expression model '{path}' was not found from {Environment.CurrentDirectory} or the repository root. Set Inference:ModelPath.", path);
}
