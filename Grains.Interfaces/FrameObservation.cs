using System.Text.Json.Serialization;

namespace EmoteCare.Grains.Interfaces;

/// <summary>What the frame pipeline noticed about a frame's quality; several may apply.</summary>
[Flags]
[GenerateSerializer, Alias("emotecare.FrameQuality")]
[JsonConverter(typeof(JsonStringEnumConverter<FrameQuality>))]
public enum FrameQuality
{
    /// <summary>Nothing to report.</summary>
    None = 0,

    /// <summary>No face was found.</summary>
    NoFace = 1,

    /// <summary>More than one face was found; the largest was classified.</summary>
    MultipleFaces = 2,

    /// <summary>The face was smaller than the classifier's useful minimum.</summary>
    FaceTooSmall = 4,

    /// <summary>The classifier's top probability was below its confidence threshold.</summary>
    LowConfidence = 8,

    /// <summary>The pipeline itself judged the frame unusable; the session counts it as rejected.</summary>
    Rejected = 16,
}

/// <summary>One analysed frame, as the inference workers deliver it. Raw pixels never leave the worker.</summary>
/// <param name="Sequence">The frame's sequence number within its session; increases with capture time.</param>
/// <param name="CapturedAt">When the patient's browser captured the frame; aggregates use this clock, not the server's.</param>
/// <param name="FacePresent">Whether a face was found and classified.</param>
/// <param name="Probabilities">Seven probabilities in <see cref="Emotion"/> order summing to 1; null when no face was found.</param>
/// <param name="Confidence">The classifier's confidence in [0, 1] (its top probability); 0 without a face.</param>
/// <param name="Quality">Quality notes from detection and classification.</param>
/// <param name="Epoch">
/// The stream the frame belongs to (<see cref="ITherapySessionGrain.OpenStream"/>): <paramref name="Sequence"/> is ordered
/// within one stream only, because a reloaded or reconnected page numbers its frames from the start again. 0 for callers
/// that never open one.
/// </param>
[GenerateSerializer, Immutable, Alias("emotecare.FrameObservation")]
public sealed record FrameObservation(
    [Id(0)] long Sequence,
    [Id(1)] DateTimeOffset CapturedAt,
    [Id(2)] bool FacePresent,
    [Id(3)] float[]? Probabilities,
    [Id(4)] float Confidence,
    [Id(5)] FrameQuality Quality,
    [Id(6)] long Epoch = 0);

/// <summary>The frames of one session analysed in one inference batch: one grain call per session per batch.</summary>
/// <param name="Frames">The frames in capture order.</param>
/// <param name="DroppedFrames">Frames of this session the dispatcher dropped (latest frame wins) since the previous batch.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ObservationBatch")]
public sealed record ObservationBatch([Id(0)] IReadOnlyList<FrameObservation> Frames, [Id(1)] int DroppedFrames);

/// <summary>What happened to a batch as a whole.</summary>
[GenerateSerializer, Alias("emotecare.ObservationOutcome")]
public enum ObservationOutcome
{
    /// <summary>The session is live with consent: valid frames were added to the aggregates.</summary>
    Recorded,

    /// <summary>The patient has not granted (or has withdrawn) consent to facial analysis: every frame was ignored.</summary>
    AnalysisOff,

    /// <summary>The session is not live (not started yet, or already ended): every frame was ignored.</summary>
    NotLive,
}

/// <summary>The session's answer to <see cref="ITherapySessionGrain.RecordObservations"/>.</summary>
/// <remarks>A struct so the hot path's reply costs no allocation beyond the call's own task.</remarks>
/// <param name="Outcome">Whether frames were recorded, and if not, why.</param>
/// <param name="Accepted">Frames added to the aggregates (with or without a face).</param>
/// <param name="Rejected">Frames refused as malformed (bad probabilities or confidence), out of order within their stream, from a superseded stream, or marked rejected by the pipeline.</param>
/// <param name="Ignored">Frames not looked at because the session is not live or analysis is off.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ObservationReceipt")]
public readonly record struct ObservationReceipt([Id(0)] ObservationOutcome Outcome, [Id(1)] int Accepted, [Id(2)] int Rejected, [Id(3)] int Ignored);
