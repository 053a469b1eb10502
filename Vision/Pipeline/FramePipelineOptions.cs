using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Faces;
using EmoteCare.Vision.Onnx;

namespace EmoteCare.Vision.Pipeline;

/// <summary>Configuration of a <see cref="FramePipeline"/>.</summary>
public sealed record FramePipelineOptions
{
    /// <summary>The emotion model (.onnx with its sidecar .json beside it), e.g. models/emotion-fer.onnx.</summary>
    public required string EmotionModelPath { get; init; }

    /// <summary>Frames over this many bytes are rejected unread (default 512 KiB).</summary>
    public int MaxPayloadBytes { get; init; } = 512 * 1024;

    /// <summary>Images wider than this are rejected from their header, before decoding.</summary>
    public int MaxImageWidth { get; init; } = 4096;

    /// <summary>Images taller than this are rejected from their header, before decoding.</summary>
    public int MaxImageHeight { get; init; } = 4096;

    /// <summary>
    /// Larger frames are shrunk to fit this width for face detection (boxes are mapped back and faces
    /// are cropped from the full frame), which bounds detection cost whatever size a client sends.
    /// </summary>
    public int MaxDetectionWidth { get; init; } = 640;

    /// <summary>Larger frames are shrunk to fit this height for face detection.</summary>
    public int MaxDetectionHeight { get; init; } = 480;

    /// <summary>Haar cascade settings (the default detector).</summary>
    public HaarFaceDetectorOptions Haar { get; init; } = new();

    /// <summary>When set, YuNet on ONNX Runtime replaces the Haar cascade.</summary>
    public string? YuNetModelPath { get; init; }

    /// <summary>Tracking between full detections.</summary>
    public FaceTrackerOptions Tracking { get; init; } = new();

    /// <summary>
    /// Most faces classified per frame, at most <see cref="FaceTrackerOptions.MaxTrackedFaces"/>; more are
    /// counted in <see cref="FrameResult.FacesDetected"/>.
    /// </summary>
    public int MaxFacesPerFrame { get; init; } = 4;

    /// <summary>Faces narrower than this many pixels are flagged <see cref="FrameQuality.FaceTooSmall"/>.</summary>
    public int MinUsefulFaceSize { get; init; } = 48;

    /// <summary>A top-class probability below this flags <see cref="FrameQuality.LowConfidence"/>.</summary>
    public float LowConfidenceThreshold { get; init; } = 0.4f;

    /// <summary>
    /// True (default): one classification call for all faces of a batch. False: one call per frame,
    /// which only exists to measure what batching buys.
    /// </summary>
    public bool BatchClassification { get; init; } = true;

    /// <summary>ORT settings for the emotion model (default: 1 intra-op thread, full optimisation).</summary>
    public OnnxSessionOptions Onnx { get; init; } = new();

    /// <summary>
    /// OpenCV's process-wide thread count, set when a pipeline is created. 1 suits one worker per core;
    /// 0 leaves OpenCV's own default.
    /// </summary>
    public int OpenCvThreads { get; init; } = 1;
}
