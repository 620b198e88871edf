// Architecture graph webview: filled in by a later issue.
import { comingSoon } from '../shared/comingSoon';

comingSoon('Architecture map', 'The service map of your traces is coming soon.');
