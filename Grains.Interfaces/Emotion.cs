using System.Text.Json.Serialization;

namespace EmoteCare.Grains.Interfaces;

/// <summary>
/// The seven facial expressions the classifier scores, in FER2013 label order. Every probability array in the contract
/// is indexed by this enum and has <see cref="Emotions.Count"/> entries. The vision library's classifier reports in
/// this order too. These are expressions a model measures on a face, not feelings.
/// </summary>
[GenerateSerializer, Alias("emotecare.Emotion")]
[JsonConverter(typeof(JsonStringEnumConverter<Emotion>))]
public enum Emotion
{
    /// <summary>FER2013 label 0.</summary>
    Angry,

    /// <summary>FER2013 label 1.</summary>
    Disgust,

    /// <summary>FER2013 label 2.</summary>
    Fear,

    /// <summary>FER2013 label 3.</summary>
    Happy,

    /// <summary>FER2013 label 4.</summary>
    Sad,

    /// <summary>FER2013 label 5.</summary>
    Surprise,

    /// <summary>FER2013 label 6.</summary>
    Neutral,
}

/// <summary>Constants about <see cref="Emotion"/>.</summary>
public static class Emotions
{
    /// <summary>Length of every probability or distribution array in the contract.</summary>
    public const int Count = 7;
}
