using Microsoft.Extensions.DependencyInjection;

namespace OrderCancellation.Pages.Seller;

/// <summary>The application services of the seller's pages (Manage Orders, the order page, Feeds).</summary>
public static class SellerPagesSetup
{
    public static IServiceCollection AddSellerPages(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddScoped<SellerOrderSearch>();
        services.AddScoped<SellerCommands>();
        services.AddScoped<SellerFeeds>();
        return services;
    }
}
