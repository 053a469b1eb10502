using System.Text.Json.Serialization;

namespace EmoteCare.Grains.Interfaces;

/// <summary>
/// What the crisis detector recognised in a message, anchored on the Columbia Suicide Severity Rating Scale (C-SSRS)
/// screener, most serious last. A signal is a reason to check in with a person, not a diagnosis.
/// </summary>
[GenerateSerializer, Alias("emotecare.CrisisSignal")]
[JsonConverter(typeof(JsonStringEnumConverter<CrisisSignal>))]
public enum CrisisSignal
{
    /// <summary>Indirect wording the trained classifier flagged ("everyone would be better off without me").</summary>
    IndirectWording,

    /// <summary>Self-harm without stated suicidal intent.</summary>
    SelfHarm,

    /// <summary>C-SSRS 1: wishing to be dead or not to wake up.</summary>
    WishToBeDead,

    /// <summary>C-SSRS 2: non-specific thoughts of killing oneself.</summary>
    SuicidalThoughts,

    /// <summary>C-SSRS 3: thoughts of how (a method), without intent.</summary>
    Method,

    /// <summary>C-SSRS 4: some intent to act on the thoughts.</summary>
    Intent,

    /// <summary>C-SSRS 5: a plan, worked out in detail.</summary>
    Plan,

    /// <summary>C-SSRS 6: preparing or having started to act (gathering means, writing a note, giving things away).</summary>
    PreparatoryBehaviour,
}
