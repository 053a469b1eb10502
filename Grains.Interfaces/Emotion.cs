using System.Text.Json.Serialization;

namespace EmoteCare.Grains.Interfaces;

/// <summary>
/// The seven emotion classes, in FER2013 label order, shared by the facial-expression model and the text emotion model
/// (GoEmotions' Ekman grouping plus neutral maps onto the same seven). Every probability array in the contract is
/// indexed by this enum and has <see cref="Emotions.Count"/> entries; both classifiers report in this order. These are
/// what a model measures on a face or in wording, not feelings.
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
