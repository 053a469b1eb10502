using EmoteCare.Grains.Conversation;
using EmoteCare.Text.Crisis;

namespace EmoteCare.Grains.Tests.Conversation;

/// <summary>The safety flow drives the crisis component's C-SSRS screener through the answers it keeps.</summary>
public sealed class CssrsSafetyScreenerTests
{
    private static readonly CssrsSafetyScreener Screener = new();

    [Fact]
    public void Asks_items_one_and_two_then_skips_to_six_after_a_no_to_two()
    {
        Assert.Equal(CssrsQuestions.Text(CssrsItem.WishToBeDead), Screener.Next([]).Question);
        Assert.Equal(CssrsQuestions.Text(CssrsItem.SuicidalThoughts), Screener.Next([false]).Question);
        Assert.Equal(CssrsQuestions.Text(CssrsItem.Behaviour), Screener.Next([false, false]).Question);
        Assert.Equal(new ScreenerStep(null, ScreenerRisk.None), Screener.Next([false, false, false]));
    }

    [Fact]
    public void A_plan_is_high_risk_and_a_wish_alone_is_low()
    {
        Assert.Equal(ScreenerRisk.High, Screener.Next([true, true, true, true, true, false]).Risk);
        Assert.Equal(ScreenerRisk.Low, Screener.Next([true, false, false]).Risk);
    }

    [Fact]
    public void Runs_the_safety_flow_end_to_end_with_the_real_screener()
    {
        var engine = new FlowEngine(FlowSet.LoadEmbedded(), Screener);
        var position = new ConversationPosition();
        var context = new TurnContext(HasTherapist: true);
        engine.Open(position, context);
        var outcome = engine.Respond(position, new PatientTurn("i want to die", null, [EmoteCare.Grains.Interfaces.CrisisSignal.WishToBeDead], null, true), context);
        var asked = 1;
        while (outcome.Node == FlowNodes.SafetyScreener)
        {
            outcome = engine.Respond(position, new PatientTurn(null, "no", [], null, true), context);
            asked++;
        }

        Assert.Equal(4, asked);
        Assert.Equal("Are you safe right now?", outcome.Messages[^1]);
        Assert.True(position.Safety);
    }
}
