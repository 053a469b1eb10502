using System.Text.RegularExpressions;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text.Tests;

/// <summary>The C# label grouping is the one the model was trained with (models/training/text/goemotions.py).</summary>
public sealed partial class GoEmotionsLabelsTests
{
    [Fact]
    public void Every_label_maps_to_the_class_the_training_code_gives_it()
    {
        var python = File.ReadAllText(TestPaths.GoEmotionsPython);
        var mapped = 0;
        foreach (Match group in EkmanEntry().Matches(python))
        {
            var emotion = Enum.Parse<Emotion>(group.Groups["class"].Value, ignoreCase: true);
            foreach (Match label in Quoted().Matches(group.Groups["labels"].Value))
            {
                var id = GoEmotionsLabels.Names.ToList().IndexOf(label.Groups[1].Value);
                Assert.True(id >= 0, $"goemotions.py names '{label.Groups[1].Value}', which GoEmotionsLabels lacks");
                Assert.Equal(emotion, GoEmotionsLabels.ToEmotion(id));
                mapped++;
            }
        }

        Assert.Equal(GoEmotionsLabels.Count, mapped);
    }

    [Fact]
    public void Ids_outside_the_labels_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GoEmotionsLabels.ToEmotion(28));
        Assert.Throws<ArgumentOutOfRangeException>(() => GoEmotionsLabels.ToEmotion(-1));
    }

    [GeneratedRegex("""^\s+"(?<class>[a-z]+)": \((?<labels>[^)]*)\),?$""", RegexOptions.Multiline)]
    private static partial Regex EkmanEntry();

    [GeneratedRegex("\"([a-z]+)\"")]
    private static partial Regex Quoted();
}
