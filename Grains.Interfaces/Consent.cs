namespace EmoteCare.Grains.Interfaces;

/// <summary>The patient's consent to facial analysis for one session, as of a moment.</summary>
/// <param name="FacialAnalysisGranted">True while the patient allows facial analysis in this session.</param>
/// <param name="ChangedAt">When the patient gave or withdrew consent; an older snapshot never replaces a newer one.</param>
[GenerateSerializer, Immutable, Alias("emotecare.ConsentSnapshot")]
public sealed record ConsentSnapshot([Id(0)] bool FacialAnalysisGranted, [Id(1)] DateTimeOffset ChangedAt);
