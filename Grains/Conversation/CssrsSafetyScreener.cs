using EmoteCare.Text.Crisis;

namespace EmoteCare.Grains.Conversation;

/// <summary>The safety flow's screener: the C-SSRS screener of the crisis component, replayed from the answers the conversation keeps.</summary>
public sealed class CssrsSafetyScreener : ISafetyScreener
{
    /// <inheritdoc />
    public ScreenerStep Next(IReadOnlyList<bool> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var screener = new CssrsScreener();
        foreach (var yes in answers)
        {
            if (screener.IsComplete)
            {
                break;
            }

            screener.Answer(yes);
        }

        return screener.IsComplete
            ? new ScreenerStep(null, screener.Result().Risk switch
            {
                CssrsRisk.High => ScreenerRisk.High,
                CssrsRisk.Moderate => ScreenerRisk.Moderate,
                CssrsRisk.Low => ScreenerRisk.Low,
                _ => ScreenerRisk.None,
            })
            : new ScreenerStep(screener.CurrentQuestion, null);
    }
}
