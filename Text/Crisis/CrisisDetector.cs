using System.Buffers;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text.Crisis;

/// <summary>
/// The product's crisis detector: the deterministic C-SSRS patterns (<see cref="CrisisRules"/>) and the indirect-wording
/// model (<see cref="IndirectWordingModel"/>), both on the normalised message. Either one flags a crisis; the patterns
/// never depend on the model. Messages are neither stored nor logged here.
/// </summary>
internal sealed class CrisisDetector(IndirectWordingModel model) : ICrisisDetector
{
    /// <summary>The entry in <see cref="CrisisAssessment.Matches"/> when the indirect-wording model flagged the message.</summary>
    public const string IndirectWordingMatch = "indirect-wording";

    private static readonly CrisisAssessment Nothing = new([]);
    private static readonly CrisisSignal[] MostSeriousFirst = Enum.GetValues<CrisisSignal>().Reverse().ToArray();

    /// <summary>The indirect-wording model in use.</summary>
    public IndirectWordingModel Model { get; } = model;

    public CrisisAssessment Assess(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = ArrayPool<char>.Shared.Rent(CrisisText.MaxLength(text));
        try
        {
            ReadOnlySpan<char> normalised = buffer.AsSpan(0, CrisisText.Normalise(text, buffer));
            if (normalised.IsEmpty)
            {
                return Nothing;
            }

            var found = 0u;
            List<string>? matches = null;
            foreach (var rule in CrisisRules.All)
            {
                foreach (var match in rule.Pattern.EnumerateMatches(normalised))
                {
                    if (CrisisContext.Passes(normalised, match.Index, match.Index + match.Length, rule.Checks))
                    {
                        found |= 1u << (int)rule.Signal;
                        (matches ??= []).Add(rule.Id);
                        break;
                    }
                }
            }

            if (Model.IsIndirect(normalised))
            {
                found |= 1u << (int)CrisisSignal.IndirectWording;
                (matches ??= []).Add(IndirectWordingMatch);
            }

            if (found == 0)
            {
                return Nothing;
            }

            var signals = MostSeriousFirst.Where(s => (found & (1u << (int)s)) != 0).ToArray();
            return new CrisisAssessment(signals) { Matches = matches! };
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
