using ContractEmotion = EmoteCare.Grains.Interfaces.Emotion;
using VisionEmotion = EmoteCare.Vision.Classification.Emotion;

namespace EmoteCare.Grains.Tests.Inference;

public sealed class EmotionContractTests
{
    // The inference worker copies the classifier's probabilities into observations index for index, so the vision
    // library and the grain contract must name the same expressions in the same order.
    [Fact]
    public void Vision_and_the_grain_contract_list_the_same_expressions_in_the_same_order() =>
        Assert.Equal(
            Enum.GetValues<VisionEmotion>().Select(e => (e.ToString(), (int)e)),
            Enum.GetValues<ContractEmotion>().Select(e => (e.ToString(), (int)e)));
}
