using EmoteCare.Text.Crisis;

namespace EmoteCare.Text.Tests.Crisis;

public sealed class CrisisTextTests
{
    [Theory]
    [InlineData("I WANT to Die", "i want to die")]
    [InlineData("I’m done, don't ask", "im done . dont ask")]
    [InlineData("i want to diiiiie", "i want to diie")]
    [InlineData("k1ll mys3lf", "kill myself")]
    [InlineData("I w4nt to d!e!", "i want to die")]
    [InlineData("5uicide", "suicide")]
    [InlineData("took 30mg at 7", "took 30mg at 7")]
    [InlineData("ki\u200Bll my\u200Dself\uFEFF", "kill myself")]
    [InlineData("i want to kill mys\u0435lf", "i want to kill myself")]
    [InlineData("\uFF49 \uFF57\uFF41\uFF4E\uFF54 \uFF54\uFF4F \uFF44\uFF49\uFF45", "i want to die")]
    [InlineData("\U0001D422 \U0001D430\U0001D44E\U0001D45B\U0001D461", "i want")]
    [InlineData("su\u0301icidal café", "suicidal cafe")]
    [InlineData("self-harm; od'ing", "self harm . oding")]
    [InlineData("  ...hello,,, world...  ", "hello . world")]
    [InlineData("emoji 💀 between", "emoji between")]
    [InlineData("", "")]
    public void Normalises_case_apostrophes_leetspeak_look_alikes_invisible_characters_and_letter_runs(string text, string expected) =>
        Assert.Equal(expected, CrisisText.Normalise(text));

    [Fact]
    public void The_worst_case_expansion_fits_the_buffer()
    {
        // Every character a boundary next to a letter is the longest output per input character.
        var text = string.Concat(Enumerable.Repeat("a.", 500));

        var normalised = CrisisText.Normalise(text);

        Assert.Equal(string.Join(" . ", Enumerable.Repeat("a", 500)), normalised);
        Assert.True(normalised.Length <= CrisisText.MaxLength(text));
    }
}
