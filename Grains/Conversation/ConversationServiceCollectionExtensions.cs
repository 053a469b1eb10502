using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoteCare.Grains.Conversation;

/// <summary>Registers what the conversation grains need besides the text model and crisis detector (<c>AddTextEmotion</c>, <c>AddCrisisDetection</c>).</summary>
public static class ConversationServiceCollectionExtensions
{
    /// <summary>The authored flows and helpline table (checked when first used), the C-SSRS screener, and <see cref="ConversationOptions"/> from <c>Chat</c>.</summary>
    public static IServiceCollection AddEmoteCareConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>()
            .Bind(configuration.GetSection(ConversationOptions.Section))
            .Validate(o => !o.Problems().Any(), "The Chat settings are invalid: check Chat:MaxMessageLength, MessagesPerMinute, AlertExcerptLength, MaxStoredLines, AlertRetryInterval and OnCallTherapistIds.")
            .ValidateOnStart();
        services.AddSingleton(_ => FlowSet.LoadEmbedded());
        services.AddSingleton(_ => HelplineDirectory.LoadEmbedded());
        services.AddSingleton<ISafetyScreener, CssrsSafetyScreener>();
        services.AddSingleton<FlowEngine>();
        services.AddSingleton<EmotionReader>();
        return services;
    }
}
