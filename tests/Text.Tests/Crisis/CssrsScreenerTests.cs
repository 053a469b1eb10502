using EmoteCare.Grains.Interfaces;
using EmoteCare.Text.Crisis;

namespace EmoteCare.Text.Tests.Crisis;

public sealed class CssrsScreenerTests
{
    [Fact]
    public void A_no_to_item_2_skips_to_item_6_and_a_no_there_ends_with_no_risk()
    {
        var screener = new CssrsScreener();

        var asked = AnswerAll(screener, no: true);

        Assert.Equal([CssrsItem.WishToBeDead, CssrsItem.SuicidalThoughts, CssrsItem.Behaviour], asked);
        Assert.Equal(CssrsRisk.None, screener.Result().Risk);
        Assert.Empty(screener.Result().Signals);
    }

    [Fact]
    public void A_yes_to_item_2_asks_items_3_to_5_then_6_and_a_yes_to_6_asks_when()
    {
        var screener = new CssrsScreener();

        var asked = AnswerAll(screener, no: false);

        Assert.Equal(
            [CssrsItem.WishToBeDead, CssrsItem.SuicidalThoughts, CssrsItem.Method, CssrsItem.Intent, CssrsItem.Plan, CssrsItem.Behaviour, CssrsItem.BehaviourRecent],
            asked);
        Assert.Equal(CssrsRisk.High, screener.Result().Risk);
        Assert.Equal(
            [CrisisSignal.PreparatoryBehaviour, CrisisSignal.Plan, CrisisSignal.Intent, CrisisSignal.Method, CrisisSignal.SuicidalThoughts, CrisisSignal.WishToBeDead],
            screener.Result().Signals);
    }

    [Theory]
    [InlineData(new[] { true, false, false }, CssrsRisk.Low)]
    [InlineData(new[] { false, true, false, false, false, false }, CssrsRisk.Low)]
    [InlineData(new[] { true, true, true, false, false, false }, CssrsRisk.Moderate)]
    [InlineData(new[] { false, false, true, false }, CssrsRisk.Moderate)]
    [InlineData(new[] { false, false, true, true }, CssrsRisk.High)]
    [InlineData(new[] { true, true, false, true, false, false }, CssrsRisk.High)]
    [InlineData(new[] { true, true, false, false, true, false }, CssrsRisk.High)]
    public void The_risk_follows_the_screener_triage(bool[] answers, CssrsRisk risk)
    {
        var screener = new CssrsScreener();
        foreach (var yes in answers)
        {
            screener.Answer(yes);
        }

        Assert.True(screener.IsComplete);
        Assert.Equal(risk, screener.Result().Risk);
    }

    [Fact]
    public void Every_item_has_a_question_and_none_names_a_diagnosis()
    {
        Assert.All(Enum.GetValues<CssrsItem>(), item =>
        {
            var text = CssrsQuestions.Text(item);
            Assert.Contains("?", text, StringComparison.Ordinal);
            Assert.DoesNotContain("diagnos", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("disorder", text, StringComparison.OrdinalIgnoreCase);
        });
        Assert.DoesNotContain("diagnos", CssrsQuestions.Introduction, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_stored_screener_resumes_where_it_stopped()
    {
        var first = new CssrsScreener();
        first.Answer(true);
        first.Answer(true);

        var resumed = CssrsScreener.Resume(first.Answers);

        Assert.Equal(CssrsItem.Method, resumed.Current);
        Assert.Equal(CssrsQuestions.Text(CssrsItem.Method), resumed.CurrentQuestion);
    }

    [Fact]
    public void Answers_out_of_order_are_refused_when_resuming()
    {
        var error = Assert.Throws<ArgumentException>(() => CssrsScreener.Resume([(CssrsItem.WishToBeDead, false), (CssrsItem.Method, true)]));

        Assert.Contains("expected SuicidalThoughts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partial_screener_has_no_result_and_a_complete_one_takes_no_more_answers()
    {
        var screener = new CssrsScreener();
        screener.Answer(false);

        Assert.Throws<InvalidOperationException>(screener.Result);
        screener.Answer(false);
        screener.Answer(false);
        Assert.Null(screener.CurrentQuestion);
        Assert.Throws<InvalidOperationException>(() => screener.Answer(true));
    }

    private static List<CssrsItem> AnswerAll(CssrsScreener screener, bool no)
    {
        var asked = new List<CssrsItem>();
        while (screener.Current is { } item)
        {
            asked.Add(item);
            screener.Answer(!no);
        }

        return asked;
    }
}
