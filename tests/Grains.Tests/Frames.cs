using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests;

/// <summary>Builds frame observations with known content.</summary>
internal static class Frames
{
    /// <summary>A Monday, on a 5 s boundary.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 3, 3, 10, 0, 0, TimeSpan.Zero);

    public static float[] Pure(Emotion emotion)
    {
        var probabilities = new float[Emotions.Count];
        probabilities[(int)emotion] = 1f;
        return probabilities;
    }

    public static float[] Blend(Emotion from, Emotion to, float share)
    {
        var probabilities = new float[Emotions.Count];
        probabilities[(int)from] = 1f - share;
        probabilities[(int)to] += share;
        return probabilities;
    }

    public static FrameObservation Face(long sequence, DateTimeOffset at, float[] probabilities, float confidence = 0.9f) =>
        new(sequence, at, true, probabilities, confidence, FrameQuality.None);

    public static FrameObservation NoFace(long sequence, DateTimeOffset at) =>
        new(sequence, at, false, null, 0f, FrameQuality.NoFace);

    /// <summary><paramref name="count"/> frames of one expression, <paramref name="step"/> apart, from <paramref name="start"/>.</summary>
    public static FrameObservation[] Stream(Emotion emotion, DateTimeOffset start, TimeSpan step, int count, long firstSequence)
    {
        var frames = new FrameObservation[count];
        for (var i = 0; i < count; i++)
        {
            frames[i] = Face(firstSequence + i, start + (step * i), Pure(emotion));
        }

        return frames;
    }

    public static ObservationBatch Batch(params FrameObservation[] frames) => new(frames, 0);
}
