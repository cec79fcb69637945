// The scenario and lab files of topic "cgroups" (see play-files.ts), played in their own test file.
import { playTopic } from './play-files.ts'

playTopic('cgroups')
