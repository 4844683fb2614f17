using MudBlazor;

namespace Makoto.Web.Ui.Layout;

/// <summary>The UI's colours and type: a calm blue and white close to Matomo's, readable at every width.</summary>
public static class UiTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3450a3",
            Secondary = "#e6792e",
            Tertiary = "#43a047",
            AppbarBackground = "#3450a3",
            Background = "#f4f6fa",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1f2733",
            TextSecondary = "#4f5b6b",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "250px" },
    };
}
