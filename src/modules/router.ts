import { createRouter, createWebHistory } from 'vue-router'
import CoacheesPage from '../pages/CoacheesPage.vue'

// The start screen is in the main chunk; every other screen loads on demand, so three.js and
// the camera code never weigh on the coachee list.
export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'coachees', component: CoacheesPage },
    { path: '/coachee/:coacheeId', name: 'coachee', component: () => import('../pages/CoacheePage.vue'), props: true },
    { path: '/trajectory/:trajectoryId', name: 'trajectory', component: () => import('../pages/TrajectoryPage.vue'), props: true },
    { path: '/cycle/:cycleId/intake', name: 'intake', component: () => import('../pages/IntakePage.vue'), props: true },
    { path: '/cycle/:cycleId/visit', name: 'visit', component: () => import('../pages/VisitPage.vue'), props: true },
    { path: '/cycle/:cycleId/follow-up', name: 'followUp', component: () => import('../pages/FollowUpPage.vue'), props: true },
    { path: '/cycle/:cycleId/review', name: 'review', component: () => import('../pages/ReviewPage.vue'), props: true },
    { path: '/cycle/:cycleId/import', name: 'import', component: () => import('../pages/ImportPage.vue'), props: true },
    { path: '/settings', name: 'settings', component: () => import('../pages/SettingsPage.vue') },
    { path: '/camera-help', name: 'cameraHelp', component: () => import('../pages/CameraHelpPage.vue') },
    { path: '/:pathMatch(.*)*', name: 'notFound', component: () => import('../pages/NotFoundPage.vue') },
  ],
  scrollBehavior: () => ({ top: 0 }),
})
