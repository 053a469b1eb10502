using System.Text.Json.Serialization;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Classification;

namespace EmoteCare.Vision.Pipeline;

/// <summary>One webcam frame of a session, as it arrives from the client.</summary>
/// <param name="SessionId">The therapy session the frame belongs to (keys the face-tracking state).</param>
/// <param name="Image">JPEG or PNG bytes; only read during processing, never stored.</param>
/// <param name="Sequence">The client's frame counter.</param>
/// <param name="TimestampMs">Capture time, Unix milliseconds.</param>
public readonly record struct FrameInput(string SessionId, ReadOnlyMemory<byte> Image, long Sequence, long TimestampMs);

/// <summary>Why a frame was not analysed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FrameRejection>))]
public enum FrameRejection
{
    /// <summary>The frame was analysed.</summary>
    None = 0,

    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>More bytes than <see cref="FramePipelineOptions.MaxPayloadBytes"/>.</summary>
    PayloadTooLarge,

    /// <summary>Neither JPEG nor PNG.</summary>
    NotAnImage,

    /// <summary>The image stream ends early (no end-of-image marker or a cut header).</summary>
    Truncated,

    /// <summary>The header declares more pixels than the configured maximum; nothing was decoded.</summary>
    DimensionsTooLarge,

    /// <summary>The codec rejected the data (corrupt image).</summary>
    DecodeFailed,

    /// <summary>Detection or classification failed unexpectedly; see the detail.</summary>
    ProcessingFailed,
}

/// <summary>Time spent per stage on a frame, in microseconds.</summary>
/// <param name="DecodeMicroseconds">Header check and decode to gray.</param>
/// <param name="DetectMicroseconds">Face detection or tracking.</param>
/// <param name="CropMicroseconds">Cropping and resizing faces to the model's input.</param>
/// <param name="ClassifyMicroseconds">The frame's share of the batch's classification call, split by face count.</param>
public readonly record struct StageTimings(int DecodeMicroseconds, int DetectMicroseconds, int CropMicroseconds, int ClassifyMicroseconds);

/// <summary>One face found in a frame and its expression probabilities.</summary>
/// <param name="Box">Face box in frame pixels.</param>
/// <param name="Probabilities">Probability of each expression class.</param>
/// <param name="Expression">The most probable class (an expression, not a feeling).</param>
/// <param name="Confidence">The probability of <paramref name="Expression"/>.</param>
public sealed record FaceObservation(
    PixelRect Box,
    EmotionProbabilities Probabilities,
    Emotion Expression,
    float Confidence);

/// <summary>The analysis of one frame. Plain data: it round-trips through System.Text.Json.</summary>
public sealed record FrameResult
{
    /// <summary>The frame's session.</summary>
    public required string SessionId { get; init; }

    /// <summary>The frame's sequence number.</summary>
    public long Sequence { get; init; }

    /// <summary>The frame's capture time, Unix milliseconds.</summary>
    public long TimestampMs { get; init; }

    /// <summary>Why the frame was not analysed; <see cref="FrameRejection.None"/> when it was.</summary>
    public FrameRejection Rejection { get; init; }

    /// <summary>A human-readable reason for a rejection, else null.</summary>
    public string? RejectionDetail { get; init; }

    /// <summary>Decoded width (0 when rejected before decoding).</summary>
    public int Width { get; init; }

    /// <summary>Decoded height (0 when rejected before decoding).</summary>
    public int Height { get; init; }

    /// <summary>Faces found, as many as were detected (see <see cref="FramePipelineOptions.MaxFacesPerFrame"/>), largest first after a full detection.</summary>
    public IReadOnlyList<FaceObservation> Faces { get; init; } = [];

    /// <summary>Faces present in the frame, which may exceed <see cref="Faces"/>.Count.</summary>
    public int FacesDetected { get; init; }

    /// <summary>Quality conditions of the analysis.</summary>
    public FrameQuality Quality { get; init; }

    /// <summary>Stage timings.</summary>
    public StageTimings Timings { get; init; }
}
