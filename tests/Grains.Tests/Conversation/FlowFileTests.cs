using EmoteCare.Grains.Conversation;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests.Conversation;

/// <summary>The authored data: every flow file, the helpline table, and the checks that guard them.</summary>
public sealed class FlowFileTests
{
    [Fact]
    public void Every_flow_file_is_sound_targets_exist_nodes_are_reachable_and_every_line_is_plain()
    {
        var flows = FlowSet.LoadEmbedded();

        Assert.Empty(flows.Problems());
        Assert.Equal(["coping", "global", "greeting", "referral", "resources", "safety"], flows.Files.Select(f => f.Flow).Order(StringComparer.Ordinal));
        Assert.All(flows.Files, f => Assert.Matches(@"^\d+\.\d+\.\d+$", f.Version));
        Assert.Equal(flows.Nodes.Count, flows.Reachable().Count);
    }

    [Fact]
    public void The_checks_name_a_missing_target_an_unreachable_node_a_stuck_node_and_a_diagnosis()
    {
        var embedded = FlowSet.LoadEmbedded();
        var broken = FlowSet.ParseJson("""
            {
              "flow": "broken", "version": "0.0.1",
              "nodes": [
                { "id": "orphan", "say": [ "Nobody gets here." ], "goto": "nowhere" },
                { "id": "stuck", "say": [ "You may have a mood disorder." ] }
              ]
            }
            """);

        var problems = new FlowSet([.. embedded.Files, broken]).Problems();

        Assert.Contains(problems, p => p.Contains("'orphan' continues at 'nowhere', which does not exist", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Node 'orphan' cannot be reached", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'stuck' neither waits", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("\"disorder\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flow_file_with_an_unknown_field_does_not_load()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => FlowSet.ParseJson("""{ "flow": "x", "version": "1.0.0", "nodes": [ { "id": "a", "sayy": [] } ] }"""));
    }

    [Theory]
    [InlineData("It sounds like you might be feeling sad.", true)]
    [InlineData("You have depression.", false)]
    [InlineData("This could be an anxiety disorder.", false)]
    [InlineData("We could talk about your diagnosis.", false)]
    [InlineData("One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty-five twenty-six.", false)]
    public void Plain_language_allows_short_hedged_sentences_and_refuses_labels_and_long_sentences(string line, bool plain)
    {
        Assert.Equal(plain, PlainLanguage.Problems(line).Count == 0);
    }

    [Fact]
    public void The_helpline_table_is_sound_and_gives_tap_to_call_and_tap_to_text_links()
    {
        var table = HelplineDirectory.LoadEmbedded();

        Assert.Empty(table.Problems());
        var us = table.For("US");
        Assert.Equal(["tel:911", "tel:988", "sms:988"], us.Links.Select(l => l.Href));
        Assert.True(us.Links[0].Emergency);
        Assert.All(us.Links, l => Assert.False(l.NeedsConfirmation));
        Assert.Equal(["tel:911", "tel:988", "sms:988"], table.For("CA").Links.Select(l => l.Href));
        Assert.Equal(["tel:999", "tel:116123"], table.For("GB").Links.Select(l => l.Href));
        Assert.Equal(["tel:112", "tel:116123"], table.For("IE").Links.Select(l => l.Href));
        Assert.Equal("116 123", table.For("GB").Links[1].Number);
        Assert.Equal(["tel:112"], table.For("DE").Links.Select(l => l.Href));
        Assert.All(table.For("AU").Links, l => Assert.True(l.NeedsConfirmation));
        Assert.Contains("not yet been checked", table.For("AU").Note, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 24), table.CheckedOn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("JP")]
    public void An_unknown_country_gets_the_fallback_to_call_the_local_emergency_number(string? country)
    {
        var lines = HelplineDirectory.LoadEmbedded().For(country);

        Assert.Empty(lines.Links);
        Assert.Null(lines.Country);
        Assert.Contains("local emergency number", lines.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Country_codes_are_the_249_assigned_upper_case_alpha_2_codes()
    {
        Assert.Equal(249, CountryCodes.Count);
        Assert.True(CountryCodes.IsAssigned("GB"));
        Assert.True(CountryCodes.IsAssigned("US"));
        Assert.False(CountryCodes.IsAssigned("UK"));
        Assert.False(CountryCodes.IsAssigned("us"));
        Assert.False(CountryCodes.IsAssigned("USA"));
        Assert.False(CountryCodes.IsAssigned(null));
    }

    [Theory]
    [InlineData("I feel really tired and sad today", true)]
    [InlineData("ok", true)]
    [InlineData("im so stressed about work lol", true)]
    [InlineData("Estoy muy triste hoy y no sé qué hacer", false)]
    [InlineData("Je suis très fatigué aujourd'hui", false)]
    [InlineData("Ich bin heute sehr müde und traurig", false)]
    [InlineData("Мне сегодня очень грустно", false)]
    [InlineData("今日はとても悲しい", false)]
    public void English_is_told_from_other_languages(string text, bool english)
    {
        Assert.Equal(english, EnglishCheck.LooksEnglish(text));
    }

    [Fact]
    public void Every_emotion_but_neutral_has_a_hedged_reflection()
    {
        var flows = FlowSet.LoadEmbedded();

        Assert.Equal(Enum.GetValues<Emotion>().Where(e => e != Emotion.Neutral), flows.Reflections.Keys.Order());
        Assert.All(flows.Reflections.Values, r => Assert.StartsWith("It sounds like", r, StringComparison.Ordinal));
    }
}
