namespace EmoteCare.Grains.Interfaces;

/// <summary>The patient's consent to facial analysis for one session, as of a moment.</summary>
/// <param name="FacialAnalysisGranted">True while the patient allows facial analysis in this session.</param>
/// <param name="ChangedAt">When the patient gave or withdrew consent; an older snapshot never replaces a newer one.</param>
public sealed record ConsentSnapshot(bool FacialAnalysisGranted, DateTimeOffset ChangedAt);
